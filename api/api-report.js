// The reviewed public surface: one API report per entry point, from the built declarations.
// `npm run api:check` fails when the surface differs from the committed report;
// `npm run api:update` rewrites the reports (review the diff, then commit it).
'use strict';
const { join, resolve } = require('node:path');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const root = resolve(__dirname, '..');
const update = process.argv.includes('--update');

/** Entry point (package.json `exports` key) -> its declarations in `dist/`. */
const ENTRIES = {
  '.': 'dist/index.d.ts',
  './redis': 'dist/entries/redis.d.ts',
  './emulator': 'dist/entries/emulator.d.ts',
  './testing': 'dist/entries/testing.d.ts',
  './express': 'dist/entries/express.d.ts',
};

/** Writes (update) or compares (check) the report of every entry; whether all are clean. */
function run(localBuild) {
  let clean = true;
  for (const [entry, declarations] of Object.entries(ENTRIES)) {
    const reportName = entry === '.' ? 'nestjs-infobip-2fa' : `nestjs-infobip-2fa-${entry.slice(2)}`;
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: root,
        mainEntryPointFilePath: join(root, declarations),
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: 'ES2022',
              module: 'commonjs',
              moduleResolution: 'node',
              strict: true,
              esModuleInterop: true,
              skipLibCheck: true,
              types: ['node'],
            },
            files: [join(root, declarations)],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${reportName}.api.md`,
          reportFolder: join(root, 'api'),
          reportTempFolder: join(root, 'node_modules', '.cache', 'api-report'),
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: 'warning' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning' },
            'ae-missing-release-tag': { logLevel: 'none' },
            'ae-undocumented': { logLevel: 'none' },
            // Written into the report, where a reviewer sees it: a public signature names a type
            // that its entry point does not export (a root type named by a subpath, or an internal
            // class behind a protected member).
            'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
            'ae-unresolved-link': { logLevel: 'none' },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(root, 'package.json'),
    });
    const result = Extractor.invoke(config, { localBuild, showVerboseMessages: false });
    const changed = result.apiReportChanged ? ' (report changed)' : '';
    console.log(
      `api-report ${entry}: ${result.errorCount} errors, ${result.warningCount} warnings${changed}`,
    );
    if (!result.succeeded || result.warningCount > 0) clean = false;
  }
  return clean;
}

// After an update, a check proves the reports written are the surface.
if (update) run(true);
const failed = !run(false);

if (failed) {
  console.error(
    update
      ? 'api-report: fix the warnings above (export every type the public surface names).'
      : 'api-report: the public surface differs from api/*.api.md. Review it, then run `npm run api:update` and commit the reports.',
  );
  process.exit(1);
}
