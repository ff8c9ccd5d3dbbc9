namespace Appliance.Scheduling;

/// <summary>Queueing and shutdown limits (configuration section <c>Appliance:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Scheduler";

    /// <summary>Requests that may wait for a sequence slot per model; beyond it calls get ResourceExhausted.</summary>
    public int MaxWaitingRequests { get; set; } = 64;

    /// <summary>
    /// Inputs (texts to embed, tensor requests) that may wait per embedding or tensor model;
    /// beyond it calls get ResourceExhausted. One Embed call's texts are queued all or none.
    /// </summary>
    public int MaxWaitingInputs { get; set; } = 2048;

    /// <summary>Most tensor elements one Infer call may send, over all its inputs (16M: a 2048x2048 RGB image in FP32 fits).</summary>
    public long MaxTensorElements { get; set; } = 16 * 1024 * 1024;

    /// <summary>Prompt tokens that may wait per model (a few huge prompts fill the queue as surely as many small ones).</summary>
    public int MaxWaitingPromptTokens { get; set; } = 262_144;

    /// <summary>
    /// Most prompt tokens prefilled per engine step while more than one sequence runs and no urgent
    /// work is about (see <see cref="UrgentPrefillChunkTokens"/>). Big chunks mean fewer, fuller
    /// steps: more tokens/s and a lower time to first token under load, at the price of longer
    /// steps (every decoding stream waits for its next token while a chunk is prefilled). Capped by
    /// the model's batch_tokens; alone, a prompt uses the whole batch; an urgent prompt prefills
    /// alone, in chunks of this size. Default 512.
    /// </summary>
    public int PrefillChunkTokens { get; set; } = 512;

    /// <summary>
    /// Most prompt tokens of normal and batch requests prefilled per step while urgent work waits
    /// for a slot or arrived within <see cref="UrgentWindow"/>: a step cannot be interrupted, so
    /// this bounds how long an urgent arrival waits for the step in flight. Capped by
    /// <see cref="PrefillChunkTokens"/>. Default 32.
    /// </summary>
    public int UrgentPrefillChunkTokens { get; set; } = 32;

    /// <summary>
    /// How long after the last urgent request arrived steps stay short
    /// (<see cref="UrgentPrefillChunkTokens"/>), so urgent traffic finds short steps on arrival
    /// while a box without urgent work keeps big ones. Zero: only while urgent work waits. Default 30 s.
    /// </summary>
    public TimeSpan UrgentWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a step may take while urgent work waits, prefills or arrived within
    /// <see cref="UrgentWindow"/>. A step cannot be interrupted, so an urgent arrival waits for the
    /// one in flight: on hardware where a step's time grows with its tokens (a CPU, or a GPU with
    /// many sequences) the worker then feeds at most as many tokens as its learned step cost
    /// allows within this target; urgent sequences always step, the others take turns (each waits a
    /// few steps at most), and at least one of them steps. The price is batch throughput meanwhile
    /// (fewer sequences per step: 0.71-0.75x on the 2-vCPU test machine, docs/benchmarks.md). Hardware
    /// whose steps stay short never reaches the cap. Zero turns the cap off. Default 50 ms.
    /// </summary>
    public TimeSpan UrgentStepTarget { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The retry hint (<c>grpc-retry-pushback-ms</c>) a model gives a refused caller before it
    /// has completed two calls and can measure how fast its queue drains (a fresh start, a
    /// reload). 100 ms to 60 s; default 1 s.
    /// </summary>
    public TimeSpan InitialRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Bound on a prompt's size before any rendering or tokenising: a prompt (or a chat's roles and
    /// contents together) longer than the model's context_length times this many UTF-8 bytes is
    /// refused with InvalidArgument, since it cannot fit the context. Tokenising costs CPU time that
    /// no deadline interrupts, so this is what keeps a 4 MiB prompt cheap. Real text averages 2 to 6
    /// bytes per token (English about 4, Chinese about 3); the default leaves room for pathological
    /// but honest prompts (long runs of spaces or symbols that a vocabulary packs into long tokens).
    /// </summary>
    public int MaxPromptBytesPerToken { get; set; } = 32;

    /// <summary>Most chat messages one Generate or Complete call may carry (each is rendered and tokenised).</summary>
    public int MaxMessages { get; set; } = 1024;

    /// <summary>
    /// Most UTF-8 bytes of text one Embed call may carry, over all its texts (1 MiB: 256 texts of 4 KiB).
    /// Each text is tokenised on the caller's thread and, truncated or not, run by the engine; larger
    /// jobs are split into several calls.
    /// </summary>
    public int MaxEmbedInputBytes { get; set; } = 1024 * 1024;

    /// <summary>How long shutdown lets in-flight generations finish before failing them with Unavailable.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Share of admissions reserved for batch-class work while it waits (0..1), so background
    /// jobs are never starved by a steady stream of normal work. Urgent work always goes first.
    /// </summary>
    public double BatchMinimumShare { get; set; } = 0.1;

    /// <summary>
    /// Policy of calling systems that are not configured (and of "anonymous"). Configured ones
    /// are answered by the <see cref="IClientPolicies"/> port (the server's client directory,
    /// from <c>Appliance:Clients</c>).
    /// </summary>
    public ClientPolicy DefaultClient { get; set; } = new();
}
