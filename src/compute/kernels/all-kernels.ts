// Loads every kernel module so that their registrations run.
import './operator-kernels.js';
import './conditional-kernels.js';
import './math-kernels.js';
import './string-kernels.js';
import './datetime-kernels.js';
import './json-kernels.js';
import './extract-kernels.js';
import './window-kernels.js';
import './interval-kernels.js';
