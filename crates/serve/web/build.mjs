// Builds the dashboard into ../assets, which the server embeds at compile time:
//   npm ci && npm run build
// The output is committed, so building Dyad needs no Node.js; CI rebuilds it and
// checks that the committed files match.
import { build } from 'esbuild';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';

const out = new URL('../assets/', import.meta.url).pathname;

await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'eof',
  outfile: out + 'app.js',
  logLevel: 'warning',
});

await build({
  entryPoints: ['src/style.css'],
  bundle: true,
  minify: true,
  legalComments: 'eof',
  outfile: out + 'app.css',
  logLevel: 'warning',
});

// Country outlines: Natural Earth 1:110m (public domain) as TopoJSON, from the
// world-atlas package. Only the countries are kept; the land layer is not drawn.
const world = JSON.parse(readFileSync('node_modules/world-atlas/countries-110m.json', 'utf8'));
delete world.objects.land;
writeFileSync(out + 'world.json', JSON.stringify(world));

copyFileSync('index.html', out + 'index.html');
