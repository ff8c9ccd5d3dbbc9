using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// The server certificate every TLS handshake presents. At most every <see cref="CheckInterval"/>
/// a handshake compares the certificate and key files' write times and sizes with the last load;
/// when they changed it loads them again. A file that does not load (missing, unreadable, key not
/// matching, expired) keeps the previous certificate and logs an Error naming the key and the file;
/// it is retried when the files change again. Thread-safe: handshakes run concurrently.
/// </summary>
internal sealed class ServerCertificateSource
{
    /// <summary>How often the files are looked at, at most.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly TlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ServerCertificateSource> _logger;
    private readonly Lock _lock = new();
    private ServerCertificate _current;
    private FileStamp _stamp;
    private long _nextCheckTicks;

    public ServerCertificateSource(IOptions<SecurityOptions> options, TimeProvider time, ILogger<ServerCertificateSource> logger)
    {
        _options = options.Value.Tls;
        _time = time;
        _logger = logger;
        _stamp = FileStamp.Read(_options);
        if (!TlsFiles.TryLoadServerCertificate(_options, time.GetUtcNow(), out var loaded, out var error))
        {
            // Start-up validation reports this first; reaching here means the files changed since.
            throw new InvalidOperationException(error);
        }

        _current = loaded;
        _nextCheckTicks = (time.GetUtcNow() + CheckInterval).UtcTicks;
    }

    /// <summary>The certificate to present now (reloaded first if its files changed).</summary>
    public ServerCertificate Current
    {
        get
        {
            ReloadIfChanged();
            return Volatile.Read(ref _current);
        }
    }

    private void ReloadIfChanged()
    {
        var now = _time.GetUtcNow();
        if (now.UtcTicks < Volatile.Read(ref _nextCheckTicks))
        {
            return;
        }

        lock (_lock)
        {
            if (now.UtcTicks < _nextCheckTicks)
            {
                return;
            }

            Volatile.Write(ref _nextCheckTicks, (now + CheckInterval).UtcTicks);
            var stamp = FileStamp.Read(_options);
            if (stamp == _stamp)
            {
                return;
            }

            _stamp = stamp;
            ServerCertificate? loaded;
            string? error;
            try
            {
                TlsFiles.TryLoadServerCertificate(_options, now, out loaded, out error);
            }
            catch (Exception e)
            {
                // Whatever the files hold, a handshake never fails for it: keep serving the previous certificate.
                (loaded, error) = (null, $"{TlsFiles.CertificateKey}: {_options.CertificateFile}: {e.GetType().Name}: {e.Message}");
            }

            if (loaded is not null)
            {
                // The previous certificate is not disposed: handshakes in flight may still use it.
                Volatile.Write(ref _current, loaded);
                var certificate = loaded.Certificate;
                var notAfter = certificate.NotAfter.ToUniversalTime();
                TlsLog.ServerCertificateReloaded(_logger, _options.CertificateFile!, certificate.Subject, certificate.Thumbprint, notAfter);
                WarnIfExpiringSoon(_logger, certificate, now);
            }
            else
            {
                TlsLog.ServerCertificateReloadFailed(_logger, error!, _current.Certificate.Thumbprint);
            }
        }
    }

    /// <summary>Warns when <paramref name="certificate"/> expires within 30 days of <paramref name="now"/>.</summary>
    public static void WarnIfExpiringSoon(ILogger logger, X509Certificate2 certificate, DateTimeOffset now)
    {
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var left = notAfter - now.UtcDateTime;
        if (left < TimeSpan.FromDays(30))
        {
            var days = (int)left.TotalDays;
            TlsLog.ServerCertificateExpiresSoon(logger, certificate.Subject, certificate.Thumbprint, notAfter, days);
        }
    }

    /// <summary>Write times and sizes of the certificate and key files (a missing file reads as year 1601, size -1).</summary>
    private readonly record struct FileStamp(DateTime CertificateWritten, long CertificateLength, DateTime KeyWritten, long KeyLength)
    {
        public static FileStamp Read(TlsOptions options)
        {
            var certificate = new FileInfo(options.CertificateFile!);
            var key = new FileInfo(options.KeyFile ?? options.CertificateFile!);
            return new FileStamp(
                certificate.LastWriteTimeUtc, certificate.Exists ? certificate.Length : -1, key.LastWriteTimeUtc, key.Exists ? key.Length : -1);
        }
    }
}
