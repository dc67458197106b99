import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root: `vite build --config web/vite.config.ts`.
// The Rathaus server serves ../dist/web and answers client routes with index.html.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The CSP forbids inline scripts and external hosts; keep every asset a file of our own.
    assetsInlineLimit: 0,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'router', test: /node_modules[\\/]react-router[\\/]/ },
            { name: 'forms', test: /node_modules[\\/](zod|react-hook-form|@hookform)[\\/]/ },
            // The face model (kit photo step) is loaded on demand; kept out of the eager vendor chunk.
            { name: 'human', test: /node_modules[\\/]@vladmandic[\\/]human[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/models': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
