import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { hasValidCsrfToken } from './csrf';

/**
 * Refuses (403) a form post without the session's token. The origin check already stops
 * cross-site posts from browsers that send `Origin` or `Sec-Fetch-Site`; this covers older ones.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!hasValidCsrfToken(context.switchToHttp().getRequest<Request>())) {
      throw new ForbiddenException('This form has expired or did not come from this site.');
    }
    return true;
  }
}
