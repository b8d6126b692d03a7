using System.Diagnostics;

namespace StackLint.Cli.Progress;

/// <summary>
/// One self-overwriting status line on the terminal while files are parsed ("stacklint: parsing 120/1000 foo.c 0:07"),
/// erased when parsing ends. Only for a person watching: never when stderr is redirected or CI is set, so logs,
/// pipes and tests see nothing of it. Redraws at most every 100 ms so thousands of files cost nothing.
/// </summary>
public sealed class ParseProgress : StackLint.Engine.IParseProgress
{
    private readonly TextWriter _terminal;
    private readonly int _total;
    private readonly string _currentDirectory;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _lastDrawMs = -1000;
    private int _done;
    private int _width;

    private ParseProgress(TextWriter terminal, int total, string currentDirectory)
    {
        _terminal = terminal;
        _total = total;
        _currentDirectory = currentDirectory;
    }

    /// <summary>A progress line on the process's own stderr when a person is watching it; otherwise null.</summary>
    public static ParseProgress? ForConsole(int total, string currentDirectory)
    {
        if (total == 0 || Console.IsErrorRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) return null;
        return new ParseProgress(Console.Error, total, currentDirectory);
    }

    /// <summary>Called by parser workers after each file (parsed or from the cache).</summary>
    public void Completed(string path)
    {
        int done = Interlocked.Increment(ref _done);
        lock (_gate)
        {
            long now = _elapsed.ElapsedMilliseconds;
            if (now - _lastDrawMs < 100 && done < _total) return;
            _lastDrawMs = now;
            var elapsed = _elapsed.Elapsed;
            var line = $"stacklint: parsing {done}/{_total} {elapsed.Minutes + (elapsed.Hours * 60)}:{elapsed.Seconds:00} {Path.GetRelativePath(_currentDirectory, path)}";
            int max = Math.Max(20, WindowWidth() - 1);
            if (line.Length > max) line = line[..max];
            _terminal.Write("\r" + line.PadRight(_width));
            _width = line.Length;
            _terminal.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_width > 0) _terminal.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
            _terminal.Flush();
        }
    }

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            return 80;
        }
    }
}
