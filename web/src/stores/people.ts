import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, call, type Schemas } from '../api/client';

export interface Person { id: number; name: string; teamId: number | null; teamName: string | null }

/** The people (GET /people: active, in the caller's scope) and teams, for the owner filter and handovers. Loaded once per session. */
export const usePeople = defineStore('people', () => {
  const people = ref<Person[]>([]);
  const teams = ref<Schemas['TeamResponse'][]>([]);
  let loadingPeople: Promise<void> | null = null;
  let loadingTeams: Promise<void> | null = null;

  function loadPeople(): Promise<void> {
    loadingPeople ??= call(api.GET('/api/v1/people'))
      .then((res) => {
        people.value = res.items.map((u) => ({ id: u.id, name: u.name, teamId: u.teamId ?? null, teamName: u.teamName ?? null }));
      })
      .catch(() => {
        loadingPeople = null;
      });
    return loadingPeople;
  }

  function loadTeams(): Promise<void> {
    loadingTeams ??= call(api.GET('/api/v1/teams'))
      .then((res) => {
        teams.value = res.items;
      })
      .catch(() => {
        loadingTeams = null;
      });
    return loadingTeams;
  }

  function reset() {
    people.value = [];
    teams.value = [];
    loadingPeople = loadingTeams = null;
  }

  return { people, teams, loadPeople, loadTeams, reset };
});
