import { bootApp } from './support/simulator';
test('rejection capture', async () => {
  const sim = bootApp();
  void Promise.reject(new Error('zzz-unhandled'));
  setTimeout(() => { throw new Error('yyy-uncaught'); }, 0);
  await new Promise((r) => setTimeout(r, 100));
  console.log('ERRORS', sim.errors);
});
