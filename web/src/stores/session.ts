import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, call, type Schemas } from '../api/client';
import { usePeople } from './people';
import { useReference } from './reference';

const TOKEN_KEY = 'zst.token';

export type Role = Schemas['Role'];

/**
 * Who is signed in. The token lives in sessionStorage: it is kept for the browser
 * session (a reload keeps you in) and gone when the window closes. What a role may
 * do is decided by the server (allowedTransitions, canEdit …); these flags only
 * decide what to offer.
 */
export const useSession = defineStore('session', () => {
  const token = ref<string | null>(sessionStorage.getItem(TOKEN_KEY));
  const user = ref<Schemas['UserResponse'] | null>(null);

  const role = computed<Role | null>(() => user.value?.role ?? null);
  /** Leaders and viewers read only. */
  const canWrite = computed(() => role.value === 'admin' || role.value === 'manager' || role.value === 'officer');
  const isManager = computed(() => role.value === 'manager' || role.value === 'admin');

  function setToken(value: string | null) {
    token.value = value;
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  async function login(email: string, password: string) {
    const res = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
    setToken(res.accessToken);
    user.value = res.user;
  }

  /** Loads the user behind a kept token (after a reload). */
  async function restore(): Promise<boolean> {
    if (!token.value) return false;
    if (user.value) return true;
    try {
      user.value = await call(api.GET('/api/v1/auth/me'));
      return true;
    } catch {
      return false;
    }
  }

  /** Signs out and forgets what was loaded for this person (labels, people in scope). */
  function logout() {
    setToken(null);
    user.value = null;
    useReference().reset();
    usePeople().reset();
  }

  return { token, user, role, canWrite, isManager, setToken, login, restore, logout };
});
