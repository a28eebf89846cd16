import { ElMessage, ElMessageBox } from 'element-plus';
import { ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';

type Status = Schemas['DemoDataStatusResponse'];
type Removal = Schemas['DemoDataRemovalResponse'];

/** 「项目 8 个、企业 8 家 …」: the non-zero counts, in words. */
export function describeCounts(c: Schemas['DemoCountsResponse']): string {
  const parts = [
    c.projects ? `项目 ${c.projects} 个` : '', c.companies ? `企业 ${c.companies} 家` : '', c.users ? `账号 ${c.users} 个` : '', c.teams ? `团队 ${c.teams} 个` : '',
  ].filter(Boolean);
  return parts.join('、') || '无';
}

/**
 * 演示数据 (admin): GET /admin/demo-data says what demo data is left and what
 * stands in the way of removing it; POST /admin/demo-data/remove removes it
 * all at once after a confirmation. The rules are the server's: the page
 * shows its blockers and its refusals as they come.
 */
export function useDemoData() {
  const status = ref<Status | null>(null);
  const removal = ref<Removal | null>(null);
  const loading = ref(false);
  const removing = ref(false);
  const error = ref('');

  async function load() {
    loading.value = true;
    error.value = '';
    try {
      status.value = await call(api.GET('/api/v1/admin/demo-data'));
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      loading.value = false;
    }
  }

  async function remove() {
    const s = status.value;
    if (!s) return;
    try {
      await ElMessageBox.confirm(
        `将删除演示数据：${describeCounts(s.demo)}，以及这些项目的跟进、节点、到位资金、审计记录和据此生成的月报。演示账号将无法再登录。此操作不可撤销。`,
        '清除演示数据',
        { type: 'warning', confirmButtonText: '确认清除', cancelButtonText: '取消', confirmButtonClass: 'el-button--danger' },
      );
    } catch {
      return; // cancelled
    }
    removing.value = true;
    error.value = '';
    try {
      removal.value = await call(api.POST('/api/v1/admin/demo-data/remove'));
      ElMessage.success('演示数据已清除');
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      removing.value = false;
    }
    await load();
  }

  return { status, removal, loading, removing, error, load, remove };
}
