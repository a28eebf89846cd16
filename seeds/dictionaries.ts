import type { DictionaryKind } from '../src/dictionaries/dictionary-entry.entity';

export interface DictionarySeed {
  code: string;
  label: string;
  category?: string;
}

/** DOMAIN.md "Default dictionaries": loaded into an empty database, then editable by an admin. */
export const DEFAULT_DICTIONARIES: Record<DictionaryKind, DictionarySeed[]> = {
  'industry-chains': [
    { code: 'new_energy_storage', label: '新能源及新型储能', category: '主导' },
    { code: 'new_materials', label: '新材料', category: '主导' },
    { code: 'electronics', label: '电子信息制造', category: '特色' },
    { code: 'biomedicine', label: '生物医药', category: '特色' },
    { code: 'food_agri', label: '食品及农产品加工', category: '特色' },
    { code: 'smart_equipment', label: '智能装备及智能制造', category: '新兴' },
  ],
  parks: [
    { code: 'pingshan', label: '平山组团', category: '组团' },
    { code: 'jianshe', label: '建设组团', category: '组团' },
    { code: 'yutianbao', label: '鱼田堡组团', category: '组团' },
    { code: 'guanba', label: '关坝组团', category: '组团' },
    { code: 'energy_storage_base', label: '新能源(储能)特色产业基地', category: '特色园区' },
    { code: 'icv_park', label: '智能网联新能源汽车特色产业园', category: '特色园区' },
    { code: 'guanba_fuhuan_circular', label: '关坝—扶欢循环经济产业园', category: '特色园区' },
  ],
  'source-channels': [
    { code: 'chain', label: '产业链招商' },
    { code: 'capital', label: '资本招商' },
    { code: 'platform', label: '平台招商' },
    { code: 'business_referral', label: '以商招商' },
    { code: 'commissioned', label: '委托招商' },
    { code: 'professional', label: '专业化招商' },
  ],
  'source-regions': [
    { code: 'yangtze_delta', label: '长三角' },
    { code: 'pearl_delta', label: '珠三角' },
    { code: 'jingjinji', label: '京津冀' },
    { code: 'chengyu', label: '成渝' },
    { code: 'other_domestic', label: '其他国内' },
    { code: 'overseas', label: '境外' },
  ],
  'company-tiers': [
    { code: 'global500', label: '世界500强' },
    { code: 'china500', label: '中国500强' },
    { code: 'private500', label: '中国民营企业500强' },
    { code: 'industry_leader', label: '行业龙头' },
    { code: 'chain_key', label: '产业链关键企业' },
    { code: 'specialized', label: '专精特新' },
    { code: 'other', label: '其他' },
  ],
  'drop-reasons': [
    { code: 'investor_strategy', label: '投资方战略调整' },
    { code: 'funding', label: '资金不到位' },
    { code: 'chose_elsewhere', label: '落户其他地区' },
    { code: 'conditions_unmet', label: '要素条件不满足' },
    { code: 'policy_mismatch', label: '不符合产业政策' },
    { code: 'environment_energy', label: '环保能耗不达标' },
    { code: 'other', label: '其他' },
  ],
};
