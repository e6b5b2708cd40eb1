import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Express serves dist/ under /assets (dashboard/server/app.ts); the shell routes send dist/index.html.
export default defineConfig({
  root,
  base: '/assets/',
  plugins: [preact()],
  publicDir: 'public',
  build: {
    outDir: 'dist',
    // Flat output: /assets/<name>-<hash>.js rather than /assets/assets/….
    assetsDir: '.',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
});
