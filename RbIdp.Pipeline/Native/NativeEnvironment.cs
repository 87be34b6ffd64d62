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

    /// <summary>The value of a variable as native code sees it.</summary>
    public static string? Get(string name) => Marshal.PtrToStringUTF8(getenv(name));

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);
}
