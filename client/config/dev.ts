import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    // React Fast Refresh would need two more packages (react-refresh, @pmmmwh/react-refresh-webpack-plugin);
    // plain live reload is enough here. babel.config.js sets `hot: false` to match.
    devServer: { hot: false },
  },
} satisfies UserConfigExport<'webpack5'>;
