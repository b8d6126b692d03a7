using System.Collections.Frozen;
using System.Collections.Immutable;

namespace StackLint.Rules.Model.Guards;

/// <summary>What a stack-hungry routine does to the calling thread's stack, which decides the advice and the severity.</summary>
public enum StackHungryKind
{
    /// <summary>Sends a new request (IRP) through a whole driver stack: a warning.</summary>
    Io,
    /// <summary>Closes a handle: an IRP only when it is the last handle of a file or device (see HandleApis).</summary>
    Close,
    /// <summary>Sends no IRP; only other drivers' callbacks (object or process callbacks) run below it: at most a note.</summary>
    CallbacksOnly,
    /// <summary>
    /// Writes a file's cached data with synchronous paging I/O that re-enters the file-system stack (every filter
    /// included) on this thread: a warning, except in a file system (a driver that calls IoRegisterFileSystem), which
    /// flushes the caches of its own files from its own dispatch routines as part of its job.
    /// </summary>
    CacheFlush,
    /// <summary>
    /// A registry routine: it sends no IRP, but the configuration manager runs every registered registry callback
    /// on this thread's stack before and after the operation. Reported only where a registry callback of this driver
    /// reaches the call, which then re-enters that callback below itself (a warning); elsewhere it is not stack-hungry.
    /// </summary>
    RegistryReentry,
}

/// <summary>A kernel routine that sends a new request through a whole driver stack on the calling thread, and why.</summary>
public sealed record StackHungryApi(string Name, string Reason, StackHungryKind Kind = StackHungryKind.Io);

/// <summary>
/// The default list of stack-hungry routines, as data: one line per routine with the reason it is on the list
/// (the rule documentation prints this table). Configuration adds and removes names:
/// 'stacklint.stack_hungry_apis = +MyIoHelper, -ZwClose' (a name without a sign is added).
/// </summary>
public static class StackHungryApis
{
    public const string OptionKey = "stacklint.stack_hungry_apis";

    /// <summary>The routine whose result a stack check compares (a FORCEINLINE in the WDK's wdm.h).</summary>
    public const string RemainingStackQuery = "IoGetRemainingStackSize";

    private const string FltIoReason = "an IRP sent to the filters below this instance and the file system on this thread's stack; a non-cached or paging transfer continues into the volume and disk stacks";

    private const string CreateReason = "sends a new IRP_MJ_CREATE to the top of the file-system stack: every filter's pre-create, name resolution, reparse handling and the file system's create path run on this thread's stack";

    private const string RegistryReason = "sends no IRP, but every registered registry callback runs before and after the operation on this thread's stack, so called from a registry callback it re-enters that callback (and every other driver's) below itself";

    private static readonly ImmutableArray<StackHungryApi> Primary =
    [
        new("FltCreateFile", "with a NULL Instance the create starts at the top of the stack, above this filter: every filter's pre-create and the file system's create path run on this thread's stack; with an Instance, still the filters below and the file system"),
        new("FltCreateFileEx", "as FltCreateFile, and returns the FILE_OBJECT too"),
        new("FltCreateFileEx2", "as FltCreateFile, with an ECP list that lower filters process on the same stack"),
        new("FltCreateNamedPipeFile", "a create through the named-pipe file system stack and the filters attached to it"),
        new("FltCreateMailslotFile", "a create through the mailslot file system stack and the filters attached to it"),
        new("ZwCreateFile", CreateReason),
        new("ZwOpenFile", CreateReason),
        new("ZwReadFile", "a read IRP through every filter and the file system; a non-cached or paging read continues into the volume and disk stacks"),
        new("ZwWriteFile", "a write IRP through every filter and the file system; a non-cached write continues into the volume and disk stacks"),
        new("ZwQueryInformationFile", "an IRP_MJ_QUERY_INFORMATION through every filter and the file system"),
        new("ZwSetInformationFile", "an IRP_MJ_SET_INFORMATION through every filter and the file system; renames and delete dispositions take its deepest paths"),
        new("ZwQueryDirectoryFile", "a directory enumeration IRP through every filter and the file system"),
        new("ZwQueryVolumeInformationFile", "a volume query IRP through every filter and the file system"),
        new("ZwDeviceIoControlFile", "an IOCTL to the top of the target device stack, however deep its handlers go"),
        new("ZwFsControlFile", "an FSCTL to the top of the file-system stack, however deep its handlers go"),
        new("ZwFlushBuffersFile", "an IRP_MJ_FLUSH_BUFFERS through every filter and the file system, and on to the disk"),
        new("ZwLockFile", "an IRP_MJ_LOCK_CONTROL through every filter and the file system"),
        new("ZwUnlockFile", "an IRP_MJ_LOCK_CONTROL through every filter and the file system"),
        new("ZwQueryEaFile", "an IRP_MJ_QUERY_EA through every filter and the file system"),
        new("ZwSetEaFile", "an IRP_MJ_SET_EA through every filter and the file system"),
        new("ZwSetVolumeInformationFile", "an IRP_MJ_SET_VOLUME_INFORMATION through every filter and the file system"),
        new("IoCreateFile", CreateReason),
        new("IoCreateFileEx", CreateReason),
        new("IoCreateFileSpecifyDeviceObjectHint", "a create sent to the device object it names (or the top of the stack): the filters below it and the file system's create path run on this thread's stack"),
        new("IoVerifyVolume", "sends IRP_MN_VERIFY_VOLUME to the file system on the device and, when the volume changed or was never mounted, a mount request that every registered file system's mount path answers, all on this thread's stack (a remount reads the disk with synchronous IRPs)"),
        new("IoGetDeviceObjectPointer", "opens the device (an IRP_MJ_CREATE through its whole stack) and closes the file object again (IRP_MJ_CLEANUP and IRP_MJ_CLOSE) on this thread's stack"),
        new("FltReadFile", FltIoReason),
        new("FltReadFileEx", FltIoReason),
        new("FltWriteFile", FltIoReason),
        new("FltWriteFileEx", FltIoReason),
        new("FltQueryDirectoryFile", "a directory enumeration sent to the filters below this instance and the file system"),
        new("FltQueryInformationFile", "an IRP_MJ_QUERY_INFORMATION sent to the filters below this instance and the file system"),
        new("FltSetInformationFile", "an IRP_MJ_SET_INFORMATION sent to the filters below this instance and the file system; renames and delete dispositions take its deepest paths"),
        new("FltQueryVolumeInformationFile", "a volume query sent to the filters below this instance and the file system"),
        new("FltFsControlFile", "an FSCTL sent to the filters below this instance and the file system"),
        new("FltDeviceIoControlFile", "an IOCTL sent to the filters below this instance and the file system, however deep its handlers go"),
        new("FltFlushBuffers", "an IRP_MJ_FLUSH_BUFFERS sent to the filters below this instance, the file system and the disk"),
        new("FltPerformSynchronousIo", "runs the callback data's operation through the filters below this instance and the file system on this thread's stack, and waits"),
        new("FltCreateSectionForDataScan", "creates a section for the file: the file system's section synchronization and the memory manager's paths run here, and touching the view pages the file in through the storage stack"),
        new("IoBuildSynchronousFsdRequest", "builds a synchronous IRP; with the IoCallDriver that follows it in the same function (directly or in a helper it calls), the target device stack's dispatch routines run on this thread's stack (reported only when such a call follows)"),
        new("IoBuildDeviceIoControlRequest", "builds an IOCTL IRP; with the IoCallDriver that follows it in the same function (directly or in a helper it calls), the target device stack's handlers run on this thread's stack (reported only when such a call follows)"),
        new("IoAllocateIrp", "allocates an IRP the driver fills in itself; when this function then sends it (IoCallDriver, here or in a helper it calls) and waits for it, the target device stack's dispatch routines run on this thread's stack like any synchronous request (reported only when such a send and a wait follow)"),
        new("IoBuildAsynchronousFsdRequest", "builds a read, write, flush or shutdown IRP; when this function then sends it (IoCallDriver, here or in a helper it calls) and waits for it, the target device stack runs on this thread's stack (reported only when such a send and a wait follow)"),
        new("FltClose", "closing the last handle of a file sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE through the filters below and the file system", StackHungryKind.Close),
        new("ObCloseHandle", "closing the last handle of a file sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE through every filter and the file system", StackHungryKind.Close),
        new("CcFlushCache", "writes the file's dirty cached pages with synchronous paging writes (IRP_MJ_WRITE with IRP_PAGING_IO) sent to the top of the file-system stack: every filter, this driver's own callbacks included, and the file system's write path run on this thread's stack, and it waits for them", StackHungryKind.CacheFlush),
        new("CcCoherencyFlushAndPurgeCache", "flushes the file's dirty cached pages like CcFlushCache (synchronous paging writes through the whole file-system stack on this thread) and then purges them", StackHungryKind.CacheFlush),
        new("ZwOpenKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwOpenKeyEx", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwCreateKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwQueryKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwEnumerateKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwEnumerateValueKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwQueryValueKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwQueryMultipleValueKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwSetValueKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwDeleteKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwDeleteValueKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwRenameKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwSetInformationKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwFlushKey", RegistryReason, StackHungryKind.RegistryReentry),
        new("RtlQueryRegistryValues", "opens the key and queries its values with the Zw registry routines: " + RegistryReason, StackHungryKind.RegistryReentry),
        new("RtlQueryRegistryValuesEx", "as RtlQueryRegistryValues: " + RegistryReason, StackHungryKind.RegistryReentry),
        new("RtlWriteRegistryValue", "opens the key and sets the value with the Zw registry routines: " + RegistryReason, StackHungryKind.RegistryReentry),
        new("RtlDeleteRegistryValue", "opens the key and deletes the value with the Zw registry routines: " + RegistryReason, StackHungryKind.RegistryReentry),
        new("RtlCheckRegistryKey", "opens the key with ZwOpenKey: " + RegistryReason, StackHungryKind.RegistryReentry),
        new("RtlCreateRegistryKey", "creates the key with ZwCreateKey: " + RegistryReason, StackHungryKind.RegistryReentry),
        new("ZwOpenProcess", "sends no IRP, but object callbacks registered by other drivers (ObRegisterCallbacks) run on this thread's stack", StackHungryKind.CallbacksOnly),
        new("ZwClose", "closing the last handle of a file sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE through every filter and the file system", StackHungryKind.Close),
    ];

    /// <summary>A driver that calls this is a file system: its cache flushes are of its own files (see <see cref="StackHungryKind.CacheFlush"/>).</summary>
    public const string FileSystemRegistration = "IoRegisterFileSystem";

    /// <summary>Routines that only build an IRP: listed when the same function sends it with one of <see cref="IrpSenders"/> afterwards.</summary>
    public static FrozenSet<string> IrpBuilders { get; } = new[] { "IoBuildSynchronousFsdRequest", "IoBuildDeviceIoControlRequest" }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> IrpSenders { get; } = new[] { "IoCallDriver", "IofCallDriver" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Routines that allocate an IRP that is not synchronous by itself: listed when the same function sends it and then waits (<see cref="Waits"/>).</summary>
    public static FrozenSet<string> IrpAllocators { get; } = new[] { "IoAllocateIrp", "IoBuildAsynchronousFsdRequest" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Waits that make a sent IRP synchronous: the thread blocks until the request completes.</summary>
    public static FrozenSet<string> Waits { get; } = new[] { "KeWaitForSingleObject", "KeWaitForMultipleObjects" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The defaults: the routines above and their Nt* twins (the same system services without the previous-mode switch).</summary>
    public static ImmutableArray<StackHungryApi> Defaults { get; } =
        [.. Primary, .. Primary.Where(a => a.Name.StartsWith("Zw", StringComparison.Ordinal))
            .Select(a => new StackHungryApi("Nt" + a.Name[2..], $"the Nt twin of {a.Name}: same request, same stack", a.Kind)),];

    private static readonly FrozenDictionary<string, StackHungryApi> ByName = Defaults.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>What a routine does to the stack: a default's kind, or Io for a routine a configuration added.</summary>
    public static StackHungryKind KindOf(string name) => ByName.TryGetValue(name, out var api) ? api.Kind : StackHungryKind.Io;

    private static readonly FrozenSet<string> DefaultNames = Defaults.Select(a => a.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The entry-point kind a routine of this kind is stack-hungry under (it re-enters that kind of callback), or null
    /// when it is stack-hungry under every caller-stack entry.
    /// </summary>
    public static string? ReenteredEntryKind(StackHungryKind kind) =>
        kind == StackHungryKind.RegistryReentry ? CallGraph.CallbackRegistrations.RegistryCallbackKind : null;

    /// <summary>The names in effect for a configured value (null or empty: the defaults).</summary>
    public static FrozenSet<string> Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return DefaultNames;
        var names = new HashSet<string>(DefaultNames, StringComparer.Ordinal);
        foreach (var raw in configured.Split(','))
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            if (entry[0] == '-') names.Remove(entry[1..].Trim());
            else names.Add(entry.TrimStart('+').Trim());
        }
        return names.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The names in effect for a source file, from its options.</summary>
    public static FrozenSet<string> For(IRuleOptions options, string sourcePath) => Resolve(options.GetValue(sourcePath, OptionKey));

    /// <summary>The default table as Markdown, for the rule documentation.</summary>
    public static string DefaultsTable() =>
        "| Routine | Why it is stack-hungry |\n|---|---|\n" + string.Join("\n", Defaults.Select(a => $"| `{a.Name}` | {a.Reason}{KindNote(a.Kind)} |"));

    private static string KindNote(StackHungryKind kind) => kind switch
    {
        StackHungryKind.Close => " (reported only when the handle may refer to a file or device; a note when its origin is unknown)",
        StackHungryKind.CallbacksOnly => " (a note)",
        StackHungryKind.RegistryReentry => " (reported only when the driver's own registry callback reaches it)",
        StackHungryKind.CacheFlush => " (not reported in a file system, a driver that calls `IoRegisterFileSystem`: flushing its own files' caches from its own dispatch routines is its job)",
        _ => "",
    };

    /// <summary>The default table as plain text, one routine a line: name, kind and reason (for 'stacklint rules --apis').</summary>
    public static string DefaultsText() =>
        string.Join("\n", Defaults.Select(a => $"{a.Name}\t{a.Kind.ToString().ToLowerInvariant()}\t{a.Reason}")) + "\n";
}
