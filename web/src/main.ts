import { createPinia } from 'pinia';
import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
// Service components (called from code, not templates) bring their own styles.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/notification/style/css';
import App from './App.vue';
import { router, wireApi } from './router';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
wireApi();
app.use(router);
app.mount('#app');
