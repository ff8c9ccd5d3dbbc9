using System.Text.Json;
using Appliance.Core.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Appliance.Server.Security;

/// <summary>
/// Reads <see cref="ClientsFileSource"/>. Unlike the stock JSON provider, whose reload clears its
/// data when the file is gone or does not parse (every system locked out, nothing logged), a bad
/// read here keeps the previous data and records the problem in <see cref="Status"/>; the
/// configuration's change token still fires, so <see cref="ClientDirectory"/> logs it and the
/// metrics show the file is not in force. Changes are read once the file has been quiet for the
/// source's <c>ReloadDelay</c> (editors write in steps).
/// </summary>
internal sealed class ClientsFileProvider : JsonStreamConfigurationProvider, IDisposable
{
    private const string ClientsKey = ClientsOptions.SectionName;

    private readonly ClientsFileSource _source;
    private readonly Lock _gate = new();
    private readonly ITimer? _quiet;
    private readonly IDisposable? _watch;
    private bool _disposed;
    private ClientsFileStatus _status;

    public ClientsFileProvider(ClientsFileSource source)
        : base(new JsonStreamConfigurationSource())
    {
        _source = source;
        DisplayPath = source.FileProvider?.GetFileInfo(source.Path ?? "").PhysicalPath ?? source.Path ?? "";
        _status = new ClientsFileStatus(DisplayPath, null);
        if (source.ReloadOnChange && source.FileProvider is { } files)
        {
            _quiet = TimeProvider.System.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _watch = ChangeToken.OnChange(() => files.Watch(source.Path!), OnFileChanged);
        }
    }

    /// <summary>The file's full path.</summary>
    public string DisplayPath { get; }

    /// <summary>The last read's outcome (replaced as a whole under the lock; read from any thread).</summary>
    public ClientsFileStatus Status
    {
        get => Volatile.Read(ref _status);
        private set => Volatile.Write(ref _status, value);
    }

    /// <summary>Start-up read: no file is no clients; a bad file is reported by <see cref="ClientDirectory"/>, which stops the start.</summary>
    public override void Load()
    {
        lock (_gate)
        {
            Status = Read(exists: out _);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _watch?.Dispose();
        _quiet?.Dispose();
    }

    /// <summary>Every change (re)starts the quiet period; the read happens when it ends.</summary>
    private void OnFileChanged()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _quiet!.Change(TimeSpan.FromMilliseconds(_source.ReloadDelay), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Reload()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var status = Read(out var exists);
            Status = exists ? status : new ClientsFileStatus(DisplayPath, $"the file was deleted; to remove every calling system on purpose write {ClientsFileStatus.EmptyClients}", Deleted: true);
        }

        OnReload();
    }

    /// <summary>Reads the file into <c>Data</c>, or leaves <c>Data</c> as it was and says why.</summary>
    private ClientsFileStatus Read(out bool exists)
    {
        var file = _source.FileProvider?.GetFileInfo(_source.Path ?? "");
        exists = file is { Exists: true };
        if (!exists)
        {
            return new ClientsFileStatus(DisplayPath, null);
        }

        var previous = Data;
        try
        {
            using (var stream = file!.CreateReadStream())
            {
                Load(stream);
            }

            if (!Data.Keys.Any(k => k.Equals(ClientsKey, StringComparison.OrdinalIgnoreCase) || k.StartsWith(ClientsKey + ":", StringComparison.OrdinalIgnoreCase)))
            {
                Data = previous;
                return new ClientsFileStatus(DisplayPath, $"no {ClientsKey} section; to remove every calling system on purpose write {ClientsFileStatus.EmptyClients}");
            }

            return new ClientsFileStatus(DisplayPath, null);
        }
        catch (JsonException ex)
        {
            Data = previous;
            return new ClientsFileStatus(DisplayPath, JsonSyntaxError.Describe(ex, TextOf(file)));
        }
        catch (FormatException ex)
        {
            // The parser's own refusals (a duplicate key, a top level that is not an object).
            Data = previous;
            return new ClientsFileStatus(DisplayPath, ex.InnerException is JsonException json ? JsonSyntaxError.Describe(json, TextOf(file)) : ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Data = previous;
            return new ClientsFileStatus(DisplayPath, $"cannot be read: {ex.Message}");
        }
    }

    /// <summary>The file's text, to place a syntax error (<see cref="JsonSyntaxError"/>); null when it cannot be read again.</summary>
    private static string? TextOf(IFileInfo? file)
    {
        try
        {
            using var reader = new StreamReader(file!.CreateReadStream());
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
