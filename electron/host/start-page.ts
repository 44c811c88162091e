// Runs in Node. What the Node host says to a browser that arrives without the access token (an old
// bookmark, the address typed by hand, a link whose token belongs to an earlier run): a page in Chinese
// first, English second, saying where the full link is — never a bare "Unauthorized". No script, no
// external resource (the host's CSP applies); plain HTML reads well without styles.
import { spawn } from 'node:child_process';

export function startPageHtml(reason: 'missing' | 'wrong'): string {
  const zh = reason === 'wrong' ? '这个链接中的访问令牌已失效（BidSeal 每次启动都会生成新的令牌）。' : '打开 BidSeal 需要带访问令牌的完整链接。';
  const en = reason === 'wrong' ? 'The access token in this link is no longer valid (BidSeal makes a new one each time it starts).' : 'BidSeal opens with the full link that carries its access token.';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>BidSeal 投标密封 — 请使用启动时的链接</title></head>
<body>
<main>
<h1>BidSeal 投标密封</h1>
<p>${zh}</p>
<p>请回到启动 BidSeal 的终端窗口，打开其中显示的“已启动”链接（形如 <code>http://127.0.0.1:47321/?token=…</code>）；BidSeal 启动时也会自动在默认浏览器中打开它。若终端已关闭，请重新运行 <code>npm run host</code>。</p>
<p>这样做是为了防止本机的其他网页或程序冒用您的证书与投标文件。</p>
<hr>
<p lang="en">${en} Open the link shown in the terminal where BidSeal was started (it is also opened in your default browser at start), or run <code>npm run host</code> again.</p>
</main>
</body></html>
`;
}

/**
 * Opens `url` in the default browser where there is one (xdg-open, open, start); silently does nothing in
 * CI, over SSH without a display, or when the opener is missing. The URL is an argument, never a shell string.
 */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.CI || env.BIDSEAL_NO_BROWSER) return false;
  let cmd: string;
  let args: string[];
  if (platform === 'darwin') [cmd, args] = ['open', [url]];
  else if (platform === 'win32') [cmd, args] = ['rundll32', ['url.dll,FileProtocolHandler', url]];
  else {
    if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return false; // headless
    [cmd, args] = ['xdg-open', [url]];
  }
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => {}); // no opener installed: the link is printed anyway
    child.unref();
    return true;
  } catch {
    return false;
  }
}
