using System.Runtime.InteropServices;

namespace Appliance.PeerBench;

/// <summary>
/// <c>--client-nice N</c>: the client (this process: every thread it has, and the threads those
/// create, which inherit it) runs at niceness N while the contestants it starts run at 0
/// (<c>nice -n -N</c>, which needs root), so on a small box the client's reads take turns with
/// the servers' decode threads on the servers' terms: what the servers cost when their client sits
/// on another machine, as an HIS does. Linux only. Hand-written: .NET sets no per-thread niceness.
/// </summary>
internal static partial class ClientNiceness
{
    /// <summary>The niceness the client took (0: off); ChildProcess starts contestants at 0 again.</summary>
    public static int Applied { get; private set; }

    public static void Apply(int niceness)
    {
        if (niceness <= 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), out var tid) && SetPriority(0 /* PRIO_PROCESS: one thread on Linux */, tid, niceness) != 0)
            {
                throw new InvalidOperationException($"--client-nice: setpriority failed for thread {tid} (errno {Marshal.GetLastPInvokeError()})");
            }
        }

        Applied = niceness;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
