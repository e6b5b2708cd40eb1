import { z } from 'zod';

/** A staff account as the admin API and the `user:create` script accept it; messages in Bahasa Indonesia. */
const ROLES = ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'] as const;
export const ZUsername = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,30}[a-z0-9]$/,
    'Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung',
  );
export const ZDisplayName = z
  .string()
  .trim()
  .min(1, 'Nama tampilan wajib diisi')
  .max(100, 'Nama tampilan paling banyak 100 karakter');
export const ZPassword = z
  .string()
  .min(12, 'Kata sandi minimal 12 karakter')
  .max(256, 'Kata sandi paling banyak 256 karakter');
export const ZRole = z.enum(ROLES, 'Peran tidak dikenal');
export const ZNewUser = z.object({
  username: ZUsername,
  displayName: ZDisplayName,
  role: ZRole,
  agencyId: z.string().trim().min(1, 'Instansi wajib diisi').max(64),
  password: ZPassword,
});
