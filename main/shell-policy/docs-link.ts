import path from 'node:path';

export type DocsTarget = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly path: string };

/**
 * Where Help > a page opens: the page on the project's repository when package.json names one
 * (`repository`, a string or `{url}`; an https URL or a GitHub shorthand), else the copy shipped in the
 * package folder (README.md and docs/ are part of the package), opened by the OS.
 */
export function docsTarget(page: string, manifest: { readonly repository?: unknown }, root: string): DocsTarget {
  const repository = repositoryUrl(manifest);
  if (repository) return { kind: 'url', url: `${repository}/blob/HEAD/${page}` };
  return { kind: 'file', path: path.join(root, ...page.split('/')) };
}

function repositoryUrl(manifest: { readonly repository?: unknown }): string | undefined {
  const raw =
    typeof manifest.repository === 'string'
      ? manifest.repository
      : typeof manifest.repository === 'object' && manifest.repository !== null && 'url' in manifest.repository
        ? manifest.repository.url
        : undefined;
  if (typeof raw !== 'string') return undefined;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  const candidate = shorthand ? `https://github.com/${shorthand[1] ?? ''}` : raw.replace(/^git\+/, '');
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'https:') return undefined;
    return `${url.origin}${url.pathname.replace(/\.git$/, '').replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}
