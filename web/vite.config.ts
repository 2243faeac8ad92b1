import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// scripts/embed.mjs builds this into the binary (CMake runs it); `npm run dev` serves it
// next to a running `chorus serve` on :8080.
export default defineConfig({
  plugins: [preact()],
  build: { target: 'es2022', assetsInlineLimit: 0 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
