// Loads every function-signature module so that the catalog is complete.
import './operator-functions.js';
import './conditional-functions.js';
import './math-functions.js';
import './string-functions.js';
import './datetime-functions.js';
import './json-functions.js';
import './extract-functions.js';
import './window-functions.js';
import './aggregate-functions.js';
import './interval-functions.js';
