using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace RbIdp.Tests.Infrastructure;

/// <summary>
/// A logger provider for an in-process host: keeps every warning and error it logs (with the exception) and writes
/// them to the test's output once <see cref="WriteTo"/> is called, so a failing test shows what the service logged
/// and a test can assert that the service logged no error.
/// </summary>
public sealed class TestLogs(string host) : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = [];
    private volatile ITestOutputHelper? _output;

    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
    }

    /// <summary>Warnings and errors logged so far, oldest first.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IReadOnlyList<Entry> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error)];

    /// <summary>Writes what was logged so far, and everything logged from now on, to <paramref name="output"/>.</summary>
    public void WriteTo(ITestOutputHelper output)
    {
        _output = output;
        foreach (var entry in _entries)
        {
            Write(entry);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _output = null;

    private void Add(Entry entry)
    {
        _entries.Enqueue(entry);
        Write(entry);
    }

    private void Write(Entry entry)
    {
        try
        {
            _output?.WriteLine($"[{host}] {entry}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; its output is closed (the host logs while it stops).
        }
    }

    private sealed class Logger(TestLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Add(new Entry(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
