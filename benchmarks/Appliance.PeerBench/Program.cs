using Appliance.PeerBench;

// Side-by-side on one GGUF: llama-server, the appliance and a raw llama_decode loop, rounds alternated.
if (args.Length > 0 && args[0] == "raw-child")
{
    return RawChild.Run(args);
}

PeerOptions options;
try
{
    options = PeerOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

ClientNiceness.Apply(options.ClientNice);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await PeerRun.RunAsync(options, Console.Out, Console.Error, cancel.Token);
