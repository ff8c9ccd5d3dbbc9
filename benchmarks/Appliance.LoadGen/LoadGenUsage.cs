namespace Appliance.LoadGen;

/// <summary>The --help text.</summary>
internal static class LoadGenUsage
{
    public const string Text = """
        Appliance load generator: streams Generate calls level after level (closed loop: fixed
        concurrency; open loop: Poisson arrivals) and reports throughput, time to first token,
        inter-token latency and rejections, per priority class, per client and for the prefix cache.
        With --mode embed it sends Embed calls instead and compares embedding models (below).

        usage: dotnet run -c Release --project benchmarks/Appliance.LoadGen -- --model ID [options]
               dotnet run -c Release --project benchmarks/Appliance.LoadGen -- --mode embed --model LIST [options]

          --mode MODE           generate: Generate streams; embed: Embed calls [generate]
          --server URL[,URL..]  server address [$APPLIANCE_SERVER or http://127.0.0.1:5080]; several
                                (or a DNS name with several addresses): balanced per call
                                over the boxes that are SERVING
          --model ID            model to load (required; embed mode: a comma-separated list)
          --concurrency LIST    closed loop: streams in flight, e.g. 1,4,16: one level each [1];
                                ignored with --rate (the open loop has no cap: the server's
                                queue limit rejects the excess)
          --rate LIST           open loop: Poisson arrivals per second from the seed, e.g. 0.5,2:
                                one level each; a rejection is counted, not retried
          --requests N          requests per level [4 per stream, at least 8; with --rate: 10 s
                                of arrivals, at least 8]
          --duration SECONDS    issue requests for this long per level instead (30, 30s, 2m)
          --max-tokens N        max_tokens of each request [128]
          --prompt-tokens N     prompt length, in words (about one token each) [256]
          --shared-prefix-tokens N
                                every request starts with the same system message of about N
                                words (from the seed), then its own prompt, so the server can
                                reuse the prefix's KV [0: none]. Warmup requests use another
                                prefix of that length; a later run with the same seed may find
                                the prefix still cached: change --seed for a cold first request
          --priority-mix MIX    priority classes' shares, e.g. urgent:0.1,normal:0.6,batch:0.3
                                (normalised); each request draws its class from the seed [normal:1]
          --clients MIX         client ids' shares, e.g. his:1,lis:3 [the one --client]. Closed
                                loop: the streams are divided between the clients in proportion
                                (16 streams: 4 his, 12 lis), each client keeping its own streams
                                busy, so the token shares show the server's fair share (its
                                weights come from its configuration, not from here). Open loop,
                                or too few streams for every client to get one: each request
                                draws its client from the seed
          --client NAME         GenerateRequest.client of every request when --clients is absent [loadgen]
          --temperature T       sampling temperature; 0 is greedy [0]
          --warmup N            unmeasured sequential requests first (embed mode: per model) [2]
          --seed N              seed of the prompts, the sampler, the draws and the arrivals [1]
          --timeout SECONDS     deadline of each request [600]
          --out PATH            markdown report to append to [docs/benchmarks-loadgen.md]
          --no-report           write no report
          --note TEXT           a line for the report (hardware, server settings)

        scheduler targets, e.g.:
          urgent under saturating batch load:  --concurrency 16 --priority-mix urgent:0.1,batch:0.9
          fair share between two clients:     --concurrency 16 --clients emr:1,lis:1
          shared prompt (prefix cache):       --concurrency 1 --shared-prefix-tokens 512 --requests 8

        embed mode: closed-loop Embed calls at each --concurrency level, every level once for each
        model of --model in turn (the same texts for each), so variants of one model (e.g. dynamic
        batching on and off) are compared in one run. Reports calls, texts/s, latency p50/p95/p99
        and rejections per model and level, and each model's throughput and p95 as ratios to the
        LAST model of the list (the baseline). Uses --concurrency, --requests, --duration,
        --warmup, --seed, --timeout, --client, --clients and --priority-mix (drawn per call),
        --out, --no-report and --note; not --rate. Its own options:
          --texts-per-request N texts per Embed call, 1 to 256 [1]
          --text-words N        words of clinical text per text, from the seed [24]
        e.g. dynamic batching against none, same weights (the -nobatch manifest: max_batch_size 1):
          --mode embed --model all-minilm-l6-v2,all-minilm-l6-v2-nobatch --concurrency 1,32 --requests 256
        """;
}
