/**
 * A Redis URL fit for logs and error messages: the password (and a user name with it) is
 * replaced by `****`; anything unparsable becomes `<invalid URL>`.
 *
 * @example
 * maskRedisUrl('redis://app:s3cret@cache:6379/0'); // 'redis://app:****@cache:6379/0'
 */
export function maskRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<invalid URL>';
  }
  if (parsed.password !== '') parsed.password = '****';
  else if (parsed.username !== '') parsed.username = '****';
  return parsed.toString();
}
