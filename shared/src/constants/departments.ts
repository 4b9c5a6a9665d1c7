/**
 * The fixed catalogue of departments (职能部门) tickets are dispatched to. A department handler's role
 * grant carries one of these codes (`role_grants.department_code`), and a minor category names the
 * departments that own it (first = lead). The list is code, not data: adding a department is a release,
 * because routing rules, figures and grants all key on the code.
 */
export const Department = {
  Police: 'police',
  Chengguan: 'chengguan',
  Market: 'market',
  Traffic: 'traffic',
  Environment: 'environment',
  Housing: 'housing',
  Fire: 'fire',
  Health: 'health',
  Education: 'education',
  Water: 'water',
  Transport: 'transport',
  Civil: 'civil',
  Greening: 'greening',
  Power: 'power',
  Gas: 'gas',
  Property: 'property',
  Planning: 'planning',
  Emergency: 'emergency',
  Justice: 'justice',
  HumanResources: 'human_resources',
  Culture: 'culture',
  Telecom: 'telecom',
  StreetOffice: 'street_office',
  Committee: 'committee',
} as const;
export type DepartmentCode = (typeof Department)[keyof typeof Department];

export interface DepartmentInfo {
  code: DepartmentCode;
  /** Short name used in lists and on the timeline (城管). */
  name: string;
  /** The usual full name of the office at district level (区城市管理局). */
  fullName: string;
  /** What it handles, for the dispatcher choosing a department. */
  scope: string;
}

/** Every department, in the order dispatchers see them. */
export const DEPARTMENTS: readonly DepartmentInfo[] = [
  { code: 'chengguan', name: '城管', fullName: '区城市管理局（综合行政执法局）', scope: '市容环境、占道经营、违法建设、环境卫生、户外广告、渣土、油烟' },
  { code: 'police', name: '公安', fullName: '区公安分局（派出所）', scope: '治安、违法犯罪线索、群租安全、噪声扰民（社会生活）、传销、涉毒' },
  { code: 'traffic', name: '交警', fullName: '区公安分局交通警察大队', scope: '违法停车、交通秩序、交通信号设施' },
  { code: 'market', name: '市场监管', fullName: '区市场监督管理局', scope: '无照经营、食品安全、价格、虚假广告、特种设备' },
  { code: 'environment', name: '环保', fullName: '市生态环境局区分局', scope: '工业废气废水、建筑施工噪声、危险废物' },
  { code: 'housing', name: '房产', fullName: '区住房和城乡建设局（房产局）', scope: '群租、物业监管、房屋安全、建筑工地' },
  { code: 'fire', name: '消防', fullName: '区消防救援大队', scope: '消防通道、消防设施、火灾隐患' },
  { code: 'health', name: '卫健', fullName: '区卫生健康委员会', scope: '无证行医、公共场所卫生、病媒生物' },
  { code: 'education', name: '教育', fullName: '区教育局', scope: '无证办学、校园周边' },
  { code: 'water', name: '水务', fullName: '区水务局', scope: '供水、排水、河道、窨井（雨污水）' },
  { code: 'transport', name: '交通', fullName: '区交通运输局', scope: '道路设施、公交站亭、非法营运' },
  { code: 'civil', name: '民政', fullName: '区民政局', scope: '困难救助、养老服务、流浪乞讨' },
  { code: 'greening', name: '园林绿化', fullName: '区园林绿化管理部门', scope: '绿地、行道树、毁绿' },
  { code: 'power', name: '供电', fullName: '供电公司', scope: '电力设施、线路、变压器' },
  { code: 'gas', name: '燃气', fullName: '燃气公司', scope: '燃气管道、燃气泄漏' },
  { code: 'property', name: '物业', fullName: '物业服务企业', scope: '小区内公共设施、保洁、秩序' },
  { code: 'planning', name: '规划资源', fullName: '区规划和自然资源局', scope: '违法用地、规划审批' },
  { code: 'emergency', name: '应急管理', fullName: '区应急管理局', scope: '安全生产、危险化学品、防汛防台' },
  { code: 'justice', name: '司法', fullName: '区司法局（人民调解委员会）', scope: '矛盾纠纷调解、法律援助' },
  { code: 'human_resources', name: '人社', fullName: '区人力资源和社会保障局', scope: '拖欠工资、劳动纠纷' },
  { code: 'culture', name: '文旅', fullName: '区文化和旅游局', scope: '网吧、娱乐场所、出版物' },
  { code: 'telecom', name: '通信', fullName: '通信运营商', scope: '通信线缆、通信箱体' },
  { code: 'street_office', name: '街道办', fullName: '街道办事处', scope: '街道自管事项、综合协调' },
  { code: 'committee', name: '社区居委会', fullName: '社区居（村）民委员会', scope: '邻里事务、居民自治事项' },
];

export const DEPARTMENT_CODES: readonly DepartmentCode[] = DEPARTMENTS.map((d) => d.code);

/** Short Chinese name per department code. */
export const DepartmentNameZh = Object.fromEntries(DEPARTMENTS.map((d) => [d.code, d.name])) as Record<DepartmentCode, string>;

export function isDepartmentCode(value: unknown): value is DepartmentCode {
  return typeof value === 'string' && (DEPARTMENT_CODES as readonly string[]).includes(value);
}
