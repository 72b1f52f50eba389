// Writes a gzip and a brotli copy beside every text file of the build, so the api serves them without compressing
// on each request, and prints what a first load costs gzipped.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = process.argv[2] ?? "dist";
const compressible = /\.(html|js|css|svg|json|txt|map)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let gzipped = 0;
for (const path of [...files(root)]) {
  if (!compressible.test(path) || path.endsWith(".map")) continue;
  const body = readFileSync(path);
  const gz = gzipSync(body, { level: 9 });
  writeFileSync(path + ".gz", gz);
  writeFileSync(path + ".br", brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  gzipped += gz.length;
  console.log(`${relative(root, path).padEnd(40)} ${String(body.length).padStart(8)} B  ${String(gz.length).padStart(7)} B gzip`);
}
console.log(`dashboard: ${(gzipped / 1024).toFixed(1)} KB gzipped in all`);
