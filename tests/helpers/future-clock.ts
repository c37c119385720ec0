// `npm run test:future-clock`: each test file runs with `Date` AEP_TEST_CLOCK_OFFSET_YEARS years ahead, so that a
// start time, an expiry or an expected value written as a date fails now instead of on that date. Only `Date` is
// faked (@sinonjs/fake-timers, the library behind Jest's own fake timers), and it keeps moving with real time:
// timers, sockets and Jest's timeouts are untouched. The emulator runs in the test's process, so its clock
// (emulator/clock.ts) is ahead too; a child process (a Pulumi host, the emulator's CLI) keeps the real clock.
import FakeTimers from "@sinonjs/fake-timers";

const setting = process.env.AEP_TEST_CLOCK_OFFSET_YEARS;

if (setting) {
  const years = Number(setting);
  if (!Number.isInteger(years) || years <= 0) {
    throw new Error(`AEP_TEST_CLOCK_OFFSET_YEARS must be a whole number of years ahead, such as 80 (given "${setting}").`);
  }
  const now = new Date();
  now.setUTCFullYear(now.getUTCFullYear() + years);
  // advanceTimeDelta: how often (ms) the faked clock catches up with real time; finer than the default 20 ms, so
  // durations measured with Date.now() stay close to the real ones.
  const clock = FakeTimers.withGlobal(globalThis).install({ now, toFake: ["Date"], shouldAdvanceTime: true, advanceTimeDelta: 5 });
  // Its interval would keep the worker alive after the file.
  afterAll(() => clock.uninstall());
}
