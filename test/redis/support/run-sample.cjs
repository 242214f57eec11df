/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
// Runs the sample app's main.ts from source in a child process, as `npm start` would run the
// build: TypeScript files are transpiled as they are required (no type check; the suites and
// `npm run lint` type-check), and `nestjs-infobip-2fa` and its subpaths resolve to lib/.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const compilerOptions = {
  ...ts.convertCompilerOptionsFromJson(config.compilerOptions, root).options,
  module: ts.ModuleKind.CommonJS,
  noEmit: false,
  declaration: false,
  sourceMap: false,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'nestjs-infobip-2fa') request = path.join(root, 'lib/index.ts');
  // The subpath entries too (`nestjs-infobip-2fa/redis`, `/express`…): one copy of every class.
  const entry = /^nestjs-infobip-2fa\/(\w+)$/.exec(request);
  if (entry && fs.existsSync(path.join(root, `lib/entries/${entry[1]}.ts`))) {
    request = path.join(root, `lib/entries/${entry[1]}.ts`);
  }
  return resolve.call(this, request, ...rest);
};

require(path.join(root, 'sample-app/main.ts'));
