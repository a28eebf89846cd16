import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { ElMessage } from 'element-plus';
import { ApiError, configureApi } from '../api/client';
import { useReference } from '../stores/reference';
import { prefetchCockpit } from '../views/cockpit/period';
import { useSession, type Role } from '../stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Roles that may open the page; absent = every signed-in role. */
    roles?: Role[];
    public?: boolean;
    /** Shown in the side menu, in this order; `group` puts it under a sub-menu of that name (e.g. 系统管理). */
    menu?: { icon: string; order: number; group?: string };
  }
}

const WRITERS: Role[] = ['admin', 'manager', 'officer'];
const ADMIN: Role[] = ['admin'];
const SYSTEM = '系统管理';

// Hash history: the e-mails link to $APP_URL/#/projects/:id.
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/login/LoginView.vue'), meta: { title: '登录', public: true } },
  {
    path: '/',
    component: () => import('../layout/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/home/HomeView.vue'), meta: { title: '工作台', menu: { icon: 'HomeFilled', order: 1 } } },
      { path: 'quick', name: 'quick-log', component: () => import('../views/quick/QuickLog.vue'), meta: { title: '快速记录', roles: WRITERS, menu: { icon: 'EditPen', order: 2 } } },
      { path: 'projects', name: 'projects', component: () => import('../views/projects/ProjectList.vue'), meta: { title: '项目列表', menu: { icon: 'List', order: 3 } } },
      { path: 'projects/new', name: 'project-new', component: () => import('../views/projects/ProjectCreate.vue'), meta: { title: '新建项目', roles: WRITERS } },
      { path: 'projects/:id(\\d+)', name: 'project', component: () => import('../views/projects/ProjectDetail.vue'), meta: { title: '项目详情' } },
      { path: 'companies', name: 'companies', component: () => import('../views/companies/CompanyList.vue'), meta: { title: '客商库', menu: { icon: 'OfficeBuilding', order: 4 } } },
      { path: 'companies/:id(\\d+)', name: 'company', component: () => import('../views/companies/CompanyDetail.vue'), meta: { title: '企业详情' } },
      // The cockpit's figures are asked for as the route is entered, beside its code (and ECharts) loading.
      { path: 'cockpit', name: 'cockpit', component: () => import('../views/cockpit/CockpitView.vue'), beforeEnter: (to) => prefetchCockpit(to.query), meta: { title: '领导驾驶舱', menu: { icon: 'DataAnalysis', order: 6 } } },
      {
        path: 'reports/monthly', name: 'monthly-report', component: () => import('../views/reports/MonthlyReport.vue'),
        meta: { title: '月报', roles: ['admin', 'leader', 'manager', 'viewer'], menu: { icon: 'Calendar', order: 7 } },
      },
      { path: 'imports', name: 'imports', component: () => import('../views/imports/ImportList.vue'), meta: { title: '数据导入', roles: WRITERS, menu: { icon: 'Upload', order: 8 } } },
      { path: 'imports/new', name: 'import-new', component: () => import('../views/imports/ImportWizard.vue'), meta: { title: '导入台账', roles: WRITERS } },
      { path: 'imports/:id(\\d+)', name: 'import', component: () => import('../views/imports/ImportWizard.vue'), meta: { title: '导入台账', roles: WRITERS } },
      { path: 'notifications', name: 'notifications', component: () => import('../views/notifications/NotificationList.vue'), meta: { title: '我的通知', menu: { icon: 'Bell', order: 5 } } },
      {
        path: 'admin/targets', name: 'admin-targets', component: () => import('../views/admin/TargetsAdmin.vue'),
        meta: { title: '年度目标与统计口径', roles: ADMIN, menu: { icon: 'Aim', order: 93, group: SYSTEM } },
      },
      { path: 'admin/users', name: 'admin-users', component: () => import('../views/admin/UsersAdmin.vue'), meta: { title: '用户管理', roles: ADMIN, menu: { icon: 'User', order: 90, group: SYSTEM } } },
      { path: 'admin/teams', name: 'admin-teams', component: () => import('../views/admin/TeamsAdmin.vue'), meta: { title: '团队管理', roles: ADMIN, menu: { icon: 'UserFilled', order: 91, group: SYSTEM } } },
      { path: 'admin/dictionaries', name: 'admin-dictionaries', component: () => import('../views/admin/DictionariesAdmin.vue'), meta: { title: '字典管理', roles: ADMIN, menu: { icon: 'Collection', order: 92, group: SYSTEM } } },
      { path: 'admin/jobs', name: 'admin-jobs', component: () => import('../views/admin/JobsAdmin.vue'), meta: { title: '后台任务', roles: ADMIN, menu: { icon: 'Timer', order: 94, group: SYSTEM } } },
      { path: 'admin/audit', name: 'admin-audit', component: () => import('../views/admin/AuditLog.vue'), meta: { title: '审计日志', roles: ADMIN, menu: { icon: 'Tickets', order: 95, group: SYSTEM } } },
      { path: 'admin/demo-data', name: 'admin-demo-data', component: () => import('../views/admin/DemoData.vue'), meta: { title: '演示数据', roles: ADMIN, menu: { icon: 'Delete', order: 97, group: SYSTEM } } },
      { path: 'settings', name: 'settings', component: () => import('../views/settings/SettingsView.vue'), meta: { title: '个人设置' } },
      { path: 'admin/display-links', name: 'display-links', component: () => import('../views/admin/DisplayLinks.vue'), meta: { title: '大屏链接', roles: ADMIN, menu: { icon: 'Monitor', order: 96, group: SYSTEM } } },
      { path: 'forbidden', name: 'forbidden', component: () => import('../views/errors/NotAllowed.vue'), meta: { title: '无权访问' } },
    ],
  },
  // The meeting-room screen: no layout, no session (its link's key reads the figures).
  { path: '/display', name: 'display', component: () => import('../views/display/DisplayView.vue'), meta: { title: '大屏', public: true } },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('../views/errors/NotFound.vue'), meta: { title: '页面不存在', public: true } },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

export function menuRoutes(role: Role | null) {
  return routes[1].children!.filter((r) => r.meta?.menu && (!r.meta.roles || (role && r.meta.roles.includes(role)))).sort((a, b) => a.meta!.menu!.order - b.meta!.menu!.order);
}

router.beforeEach(async (to) => {
  const session = useSession();
  if (to.meta.public) return true;
  if (!(await session.restore())) {
    session.logout();
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (to.meta.roles && !to.meta.roles.includes(session.role!)) return { name: 'forbidden' };
  // Labels load beside the page's own code and calls, not before them: rows carry their labels,
  // and what reads the store (filters' options, the stepper) fills in when they arrive.
  useReference().load().catch((err: unknown) => ElMessage.error(err instanceof ApiError ? err.message : '基础数据加载失败，请刷新重试'));
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 招商通` : '招商通';
});

/** Any 401 (expired or revoked token) goes to the login page, and back here after. */
export function wireApi(): void {
  const session = useSession();
  configureApi({
    token: () => session.token,
    onUnauthorized: () => {
      const current = router.currentRoute.value;
      if (current.name === 'login') return;
      session.logout();
      void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
    },
  });
}
