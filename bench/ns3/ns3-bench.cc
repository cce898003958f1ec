// The two issue-2 benchmarks written against ns-3 itself (libns3-dev 3.37 from Debian), so the
// targets can be measured on the machine nicsim runs on instead of quoted from another one.
// bench/ns3.ts builds and runs it; it mirrors bench/hold.ts and models/queueing/mm1k.ts.
//
//   ns3-bench hold <scheduler> <pending> <holds> <seed>   prints ns per hold
//   ns3-bench mm1 <scheduler> <simTimeNs> <seed>           prints events, ns of wall time, mean
//                                                         sojourn ns and drop ratio
//   ns3-bench profile                                     prints ns-3's build profile
//
// <scheduler> is Heap, Map, List, Calendar or PriorityQueue (ns3::<scheduler>Scheduler).
//
// Hold: N events pending; each one, when it fires, schedules one new event at now + an
// exponential increment (mean 1 ms) from an ns-3 ExponentialRandomVariable. A warm-up of
// max(min(N, 1e6), 500k) holds is run before the timed holds, as in bench/hold.ts.
// M/M/1/K: Poisson arrivals at 1 Mpps, exponential service at 1.25 Mpps, K = 16, with the
// same time-integrated statistics as nicsim's model (scenarios/mm1.json).
#include "ns3/core-module.h"
#include "ns3/version.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ns3;

namespace {

uint64_t WallNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// One of ns-3's schedulers by short name: Heap, Map, List, Calendar or PriorityQueue.
bool IsScheduler(const std::string& kind) {
  return kind == "Heap" || kind == "Map" || kind == "List" || kind == "Calendar" || kind == "PriorityQueue";
}

void UseScheduler(const std::string& kind) {
  ObjectFactory factory;
  factory.SetTypeId("ns3::" + kind + "Scheduler");
  Simulator::SetScheduler(factory);
}

Ptr<ExponentialRandomVariable> Exponential(double meanNs, int64_t stream) {
  Ptr<ExponentialRandomVariable> rv = CreateObject<ExponentialRandomVariable>();
  rv->SetAttribute("Mean", DoubleValue(meanNs));
  rv->SetStream(stream);
  return rv;
}

struct Hold {
  Ptr<ExponentialRandomVariable> increments;
  uint64_t fired = 0;
  uint64_t stopAt = 0;

  void Fire() {
    Simulator::Schedule(NanoSeconds(increments->GetInteger()), &Hold::Fire, this);
    if (++fired == stopAt) Simulator::Stop();
  }
};

int RunHold(const std::string& scheduler, uint64_t pending, uint64_t holds) {
  UseScheduler(scheduler);
  Hold hold;
  hold.increments = Exponential(1e6, 1);
  for (uint64_t i = 0; i < pending; i++) {
    Simulator::Schedule(NanoSeconds(hold.increments->GetInteger()), &Hold::Fire, &hold);
  }
  hold.stopAt = std::max<uint64_t>(std::min<uint64_t>(pending, 1000000), 500000);
  Simulator::Run();
  hold.stopAt = hold.fired + holds;
  const uint64_t start = WallNs();
  Simulator::Run();
  const uint64_t elapsed = WallNs() - start;
  std::printf("%.3f\n", double(elapsed) / double(holds));
  Simulator::Destroy();
  return 0;
}

struct Mm1k {
  static constexpr uint32_t kCapacity = 16;
  Ptr<ExponentialRandomVariable> arrivals;
  Ptr<ExponentialRandomVariable> service;
  double admittedAt[kCapacity] = {};
  uint32_t inSystem = 0;
  uint64_t arrived = 0, served = 0, dropped = 0, events = 0;
  double sojournSum = 0, area = 0, busy = 0, lastChange = 0;

  void Accumulate() {
    const double now = double(Simulator::Now().GetNanoSeconds());
    const double dt = now - lastChange;
    area += inSystem * dt;
    if (inSystem > 0) busy += dt;
    lastChange = now;
  }

  void Arrival() {
    events++;
    Accumulate();
    arrived++;
    if (inSystem == kCapacity) {
      dropped++;
    } else {
      admittedAt[(served + inSystem) % kCapacity] = double(Simulator::Now().GetNanoSeconds());
      if (++inSystem == 1) Simulator::Schedule(NanoSeconds(service->GetInteger()), &Mm1k::Departure, this);
    }
    Simulator::Schedule(NanoSeconds(arrivals->GetInteger()), &Mm1k::Arrival, this);
  }

  void Departure() {
    events++;
    Accumulate();
    sojournSum += double(Simulator::Now().GetNanoSeconds()) - admittedAt[served % kCapacity];
    served++;
    if (--inSystem > 0) Simulator::Schedule(NanoSeconds(service->GetInteger()), &Mm1k::Departure, this);
  }
};

int RunMm1(const std::string& scheduler, uint64_t simTimeNs) {
  UseScheduler(scheduler);
  Mm1k model;
  model.arrivals = Exponential(1000, 1);
  model.service = Exponential(800, 2);
  Simulator::Schedule(NanoSeconds(model.arrivals->GetInteger()), &Mm1k::Arrival, &model);
  Simulator::Stop(NanoSeconds(simTimeNs));
  const uint64_t start = WallNs();
  Simulator::Run();
  const uint64_t elapsed = WallNs() - start;
  // The statistics are printed so the compiler cannot drop them and a reader can check them.
  std::printf("%llu %llu %.1f %.4f\n", (unsigned long long)model.events, (unsigned long long)elapsed,
              model.served > 0 ? model.sojournSum / double(model.served) : 0.0,
              double(model.dropped) / double(model.arrived ? model.arrived : 1));
  Simulator::Destroy();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 5 && args[0] == "hold" && IsScheduler(args[1])) {
    RngSeedManager::SetSeed(uint32_t(std::stoul(args[4])));
    return RunHold(args[1], std::stoull(args[2]), std::stoull(args[3]));
  }
  if (args.size() == 4 && args[0] == "mm1" && IsScheduler(args[1])) {
    RngSeedManager::SetSeed(uint32_t(std::stoul(args[3])));
    return RunMm1(args[1], std::stoull(args[2]));
  }
  if (args.size() == 1 && args[0] == "profile") {
    std::printf("%s\n", Version::BuildProfile().c_str());
    return 0;
  }
  std::fprintf(stderr, "usage: ns3-bench hold <scheduler> <pending> <holds> <seed> | mm1 <scheduler> <simTimeNs> <seed> | profile\n");
  return 2;
}
