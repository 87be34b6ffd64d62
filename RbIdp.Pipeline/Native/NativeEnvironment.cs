using System.Runtime.InteropServices;

namespace RbIdp.Pipeline.Native;

/// <summary>
/// The C library's environment. <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only
/// .NET's copy, so variables that native libraries read (<c>OMP_THREAD_LIMIT</c> for Tesseract) go through libc.
/// </summary>
internal static partial class NativeEnvironment
{
    private static readonly Lock Gate = new();
    private static bool _ompLimited;

    /// <summary>One OpenMP thread per Tesseract call: parallelism comes from the engine pool instead.</summary>
    public static void LimitOpenMpThreads()
    {
        lock (Gate)
        {
            if (_ompLimited)
            {
                return;
            }

            if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
            {
                throw new InvalidOperationException("setenv(OMP_THREAD_LIMIT) failed.");
            }

            _ompLimited = true;
        }
    }

    /// <summary>glibc's <c>M_ARENA_MAX</c> parameter of <c>mallopt</c>.</summary>
    private const int MallocArenaMax = -8;

    private static bool _arenasLimited;

    /// <summary>
    /// At most one malloc arena per core. glibc gives threads that allocate at once arenas of their own, up to eight per
    /// core, and keeps what an arena once held: every page is read on a thread of its own, so Tesseract's buffers spread
    /// over many arenas and the peak stayed resident (bench/ocr: 373 MB with two engines, 307 MB with two arenas).
    /// </summary>
    public static void LimitMallocArenas()
    {
        lock (Gate)
        {
            if (_arenasLimited)
            {
                return;
            }

            // mallopt answers 1 on success; a C library without the parameter leaves its default, which is only more memory.
            _ = mallopt(MallocArenaMax, Math.Max(2, Environment.ProcessorCount));
            _arenasLimited = true;
        }
    }

    /// <summary>The value of a variable as native code sees it.</summary>
    public static string? Get(string name) => Marshal.PtrToStringUTF8(getenv(name));

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);

    [LibraryImport("libc.so.6")]
    private static partial int mallopt(int parameter, int value);
}
