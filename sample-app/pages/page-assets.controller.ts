import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SkipTwoFactor } from 'nestjs-infobip-2fa';
import { FAVICON_SVG, PAGES_CSS, VERIFY_JS } from './page-assets';

/** The stylesheet and the countdown script of the pages (see {@link ASSET_PATHS}). Public. */
@Controller('assets')
@SkipTwoFactor()
export class PageAssetsController {
  @Get('pages.css')
  css(@Res() res: Response): void {
    send(res, 'text/css; charset=utf-8', PAGES_CSS);
  }

  @Get('verify.js')
  js(@Res() res: Response): void {
    send(res, 'text/javascript; charset=utf-8', VERIFY_JS);
  }
}

/** The favicon, where pages link it and where browsers look for it anyway. Public. */
@Controller()
@SkipTwoFactor()
export class FaviconController {
  @Get(['favicon.svg', 'favicon.ico'])
  icon(@Res() res: Response): void {
    send(res, 'image/svg+xml', FAVICON_SVG);
  }
}

function send(res: Response, type: string, body: string): void {
  // Revalidated on each use (ETag): a new version shows up at once during development.
  res
    .set({ 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' })
    .send(body);
}
