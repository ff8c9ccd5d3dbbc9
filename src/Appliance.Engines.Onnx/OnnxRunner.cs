using Appliance.Core.Errors;
using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>One <c>Run</c> that a cancellation token can terminate.</summary>
internal static class OnnxRunner
{
    /// <summary>
    /// Runs the session. Cancelling the token sets <see cref="RunOptions.Terminate"/>, which ONNX
    /// Runtime checks between nodes, so a long batch stops within about one node's time.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled before or during the run.</exception>
    /// <exception cref="EngineFailureException">ONNX Runtime failed the run.</exception>
    public static IDisposableReadOnlyCollection<OrtValue> Run(
        InferenceSession session,
        IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs,
        IReadOnlyCollection<string> outputNames,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();

        // Declared after the options so it is disposed first: Dispose waits for a running callback,
        // so no callback sets Terminate on disposed options.
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            return session.Run(runOptions, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was terminated: no caller waits for it any more.", ex, cancellationToken);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EngineFailureException($"ONNX Runtime failed the run: {OnnxErrorText.Shorten(ex.Message)}", ex);
        }
    }
}
