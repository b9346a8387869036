/**
 * Grafana core fills @grafana/data's transformer registry at boot (with editors, images and help from
 * its own code). The harness registers @grafana/data's own transformers under their ids, without
 * editors, so SceneDataTransformer applies a dashboard panel's transformations as Grafana does.
 */
import { standardTransformers, standardTransformersRegistry, type DataTransformerInfo, type TransformerRegistryItem } from '@grafana/data';

const none = () => null;

export function registerStandardTransformers() {
  // Deprecated aliases (seriesToColumns) share their successor's id: registered once.
  const unique = [...new Map(Object.values(standardTransformers).map((t) => [t.id, t as DataTransformerInfo])).values()];
  standardTransformersRegistry.setInit(() =>
    unique.map(
      (info: DataTransformerInfo): TransformerRegistryItem => ({
        id: info.id,
        aliasIds: info.aliasIds,
        name: info.name,
        description: info.description,
        transformation: () => Promise.resolve(info),
        editor: none,
        imageDark: '',
        imageLight: '',
      })
    )
  );
}
