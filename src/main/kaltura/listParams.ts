// Builds the filter and pager params of a list action: typed objects with objectType, arrays as comma lists.

export function listFilterParams(
  filterType: string,
  filter: object | undefined,
  pager: { pageSize?: number; pageIndex?: number } | undefined
): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  if (filter) {
    const fields: Record<string, unknown> = { objectType: filterType }
    for (const [name, value] of Object.entries(filter)) {
      if (value !== undefined) fields[name] = Array.isArray(value) ? value.join(',') : value
    }
    params['filter'] = fields
  }
  if (pager) params['pager'] = { objectType: 'KalturaFilterPager', ...pager }
  return params
}
