/** The words of the admin's pages (see define-words.ts). */
import { defineWords } from './define-words';

export const adminWords = defineWords(
  {
    menuAdminBanks: '银行管理',
    menuAdminPolicy: '政策参数',
    menuAdminQueues: '任务队列',
    menuAdminPiiAudit: '个人信息查阅记录',
  },
  {
    menuAdminBanks: 'Banks',
    menuAdminPolicy: 'Policy',
    menuAdminQueues: 'Queues',
    menuAdminPiiAudit: 'Personal-data reads',
  },
);
