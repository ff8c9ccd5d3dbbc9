using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Appliance.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Appliance.Benchmarks.SchedulingBenchmarks).Assembly).Run(args);
