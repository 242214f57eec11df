/* global require, console */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
// Preloaded (`node --require`) into a sample app process: prints one line the first time anything
// loads Nest's core, so a test reading the console knows whether the app ever did.
const Module = require('node:module');

const load = Module._load;
let seen = false;
Module._load = function (request, ...rest) {
  if (!seen && /^@nestjs\/core(\/|$)/.test(request)) {
    seen = true;
    console.log(`[module probe] @nestjs/core loaded (${request})`);
  }
  return load.call(this, request, ...rest);
};
