import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, map, type Observable } from 'rxjs';

import type { DataSource } from './datasource';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { LlmOpsVariableQuery } from './types';

/** Variable support backed by the datasource's resources (labels, label values, signals, Jaeger). */
export class LlmOpsVariableSupport extends CustomVariableSupport<DataSource, LlmOpsVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<LlmOpsVariableQuery>): Observable<DataQueryResponse> {
    return from(this.datasource.metricFindQuery(request.targets[0])).pipe(map((values) => ({ data: values })));
  }
}
