export { type DashboardPage, dashboardPage } from './dashboard-page.js';
