// kubelab/crash, kubelab/job and kubelab/logger: small programs for the lessons on restart
// back-off, Jobs and DaemonSets.

#include <time.h>

#include <cstdlib>
#include <iostream>

#include "workloads/workloads.h"

namespace kubelab::workloads {

namespace {

std::string nowText() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// The first `count` decimal digits of pi by Rabinowitz and Wagon's spigot: real work for a Job,
// as the Kubernetes documentation's Job computes pi.
std::string piDigits(int count) {
  int length = count * 10 / 3 + 2;
  std::vector<int> remainders(static_cast<std::size_t>(length), 2);
  std::string digits;
  int nines = 0, predigit = 0;
  for (int produced = 0; produced <= count; ++produced) {
    int carry = 0;
    for (int index = length - 1; index >= 0; --index) {
      int value = 10 * remainders[static_cast<std::size_t>(index)] + carry * (index + 1);
      remainders[static_cast<std::size_t>(index)] = value % (2 * index + 1);
      carry = value / (2 * index + 1);
    }
    remainders[0] = carry % 10;
    int digit = carry / 10;
    if (digit == 9) {
      ++nines;
    } else if (digit == 10) {
      digits += static_cast<char>('0' + predigit + 1);
      digits.append(static_cast<std::size_t>(nines), '0');
      predigit = 0;
      nines = 0;
    } else {
      if (produced > 0) digits += static_cast<char>('0' + predigit);
      predigit = digit;
      digits.append(static_cast<std::size_t>(nines), '9');
      nines = 0;
    }
  }
  digits += static_cast<char>('0' + predigit);
  return digits.substr(0, 1) + "." + digits.substr(1, static_cast<std::size_t>(count - 1));
}

}  // namespace

int runCrash(const std::vector<std::string>&) {
  auto delay = durationFromEnvironment("CRASH_AFTER_SECONDS").value_or(std::chrono::milliseconds(2000));
  std::cout << "crash: pod " << environmentOr("POD_NAME", "?") << " started; exiting with 1 in " << delay.count()
            << " ms" << std::endl;
  if (waitForStop(delay) != 0) return 0;
  std::cerr << "crash: something went wrong (on purpose)" << std::endl;
  return 1;
}

int runJob(const std::vector<std::string>&) {
  int steps = std::max(1, std::atoi(environmentOr("JOB_STEPS", "5").c_str()));
  auto stepTime = durationFromEnvironment("JOB_STEP_SECONDS").value_or(std::chrono::milliseconds(1000));
  int digits = std::max(2, std::atoi(environmentOr("JOB_DIGITS", "100").c_str()));
  std::cout << "job: " << steps << " steps in pod " << environmentOr("POD_NAME", "?") << std::endl;
  for (int step = 1; step <= steps; ++step) {
    if (waitForStop(stepTime) != 0) {
      std::cout << "job: stopped at step " << step << std::endl;
      return 143;
    }
    std::cout << "job: step " << step << "/" << steps << " done" << std::endl;
  }
  std::cout << "job: pi = " << piDigits(digits) << std::endl;
  std::cout << "job: complete" << std::endl;
  return 0;
}

int runLogger(const std::vector<std::string>&) {
  auto interval = durationFromEnvironment("LOG_INTERVAL_SECONDS").value_or(std::chrono::milliseconds(1000));
  std::string node = environmentOr("NODE_NAME", "?");
  std::string pod = environmentOr("POD_NAME", "?");
  for (long line = 1;; ++line) {
    std::cout << nowText() << " node=" << node << " pod=" << pod << " line=" << line << std::endl;
    if (waitForStop(interval) != 0) return 0;
  }
}

}  // namespace kubelab::workloads
