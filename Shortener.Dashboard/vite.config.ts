import { defineConfig } from "vite";

// Served by the api under /dashboard; every asset is bundled (no CDN, no font or script from another host).
export default defineConfig({
  base: "/dashboard/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
