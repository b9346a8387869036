/**
 * The datasource's ConfigEditor as Grafana's settings page mounts it: options come from
 * GET /api/datasources/uid/<uid> (secrets only as secureJsonFields), are kept in state, and every
 * emitted options object is recorded in window.llmopsConfigChanges for the tests to read.
 */
import React, { useState } from 'react';
import type { DataSourceApi, DataSourcePlugin, DataSourceSettings } from '@grafana/data';

import { mount, type Theme } from './render';

declare global {
  interface Window {
    llmopsConfigChanges: DataSourceSettings[];
  }
}

export function renderConfigEditor(el: HTMLElement, plugin: DataSourcePlugin<DataSourceApi>, settings: DataSourceSettings, theme: Theme) {
  const Editor = plugin.components.ConfigEditor!;
  window.llmopsConfigChanges = [];
  function Host() {
    const [options, setOptions] = useState(settings);
    return (
      <div style={{ padding: 16, maxWidth: 960 }} aria-label="Data source settings" role="region">
        <Editor
          options={options}
          onOptionsChange={(next: DataSourceSettings) => {
            window.llmopsConfigChanges.push(next);
            setOptions(next);
          }}
        />
      </div>
    );
  }
  mount(el, theme, <Host />);
}
