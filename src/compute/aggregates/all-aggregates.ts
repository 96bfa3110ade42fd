// Loads every aggregate-accumulator module so that their registrations run (import this before lookupAggregate).
import './aggregate-kernels.js';
