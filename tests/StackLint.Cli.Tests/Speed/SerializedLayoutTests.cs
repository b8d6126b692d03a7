using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using MemoryPack;
using StackLint.Cli;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// Same input, same bytes: MemoryPack writes a struct member (a nullable number, a time) as its memory, padding
/// included, and padding holds whatever memory held. Every member of every [MemoryPackable] type of StackLint (facts,
/// shard files, cache entries and keys), found by reflection so a member added later is covered, is either free of
/// padding or written by a formatter of ours (<see cref="PlainNullableAttribute{T}"/>, <see cref="NotInKeyAttribute{T}"/>).
/// </summary>
public sealed class SerializedLayoutTests
{
    private static readonly MethodInfo SizeOfMethod = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;

    private static int SizeOf(Type type) => (int)SizeOfMethod.MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>The bytes a value's fields hold: its size less its padding.</summary>
    private static int DataSize(Type type) => !type.IsValueType || type.IsPrimitive || type.IsEnum || type.IsPointer
        ? SizeOf(type)
        : type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Sum(f => DataSize(f.FieldType));

    /// <summary>A value of this type, or one it holds (an array's element, a nullable's value), has bytes no field owns.</summary>
    private static bool HasPadding(Type type)
    {
        if (type.IsArray) return HasPadding(type.GetElementType()!);
        if (type.IsValueType && SizeOf(type) != DataSize(type)) return true;
        return type.IsGenericType && type.GetGenericArguments().Any(HasPadding);
    }

    private static bool HasOwnFormatter(MemberInfo member) => member.GetCustomAttributes().Any(a =>
    {
        for (var t = a.GetType(); t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() is var d
                && (d == typeof(MemoryPackCustomFormatterAttribute<>) || d == typeof(MemoryPackCustomFormatterAttribute<,>)))
                return true;
        return false;
    });

    private static IEnumerable<Type> MemoryPackableTypes()
    {
        var cli = typeof(ReportRequest).Assembly;
        return cli.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("StackLint.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(cli)
            .DistinctBy(a => a.FullName)
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<MemoryPackableAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
    }

    [Fact]
    public void The_padding_check_sees_padding()
    {
        Assert.True(HasPadding(typeof(long?)));
        Assert.True(HasPadding(typeof(int?)));
        Assert.True(HasPadding(typeof(DateTimeOffset)));
        Assert.True(HasPadding(typeof(ImmutableArray<long?>)));
        Assert.True(HasPadding(typeof(IReadOnlyList<(byte, long)>)));
        Assert.False(HasPadding(typeof(long)));
        Assert.False(HasPadding(typeof(bool?)));
        Assert.False(HasPadding(typeof(TypeCategory)));
        Assert.False(HasPadding(typeof(ImmutableArray<string>)));
        Assert.False(HasPadding(typeof(TypeLayout)));
    }

    [Fact]
    public void No_serialized_member_writes_padding_bytes()
    {
        var types = MemoryPackableTypes().ToList();
        Assert.Contains(typeof(TranslationUnitFacts), types);
        Assert.Contains(typeof(ReportRequest), types);
        var padded = new List<string>();
        int formatted = 0;
        foreach (var type in types)
        {
            var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null).Cast<MemberInfo>()
                .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance))
                .Where(m => m.GetCustomAttribute<MemoryPackIgnoreAttribute>() is null);
            foreach (var member in members)
            {
                var memberType = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
                if (!HasPadding(memberType)) continue;
                if (HasOwnFormatter(member)) formatted++;
                else padded.Add($"{type.Name}.{member.Name} ({(Nullable.GetUnderlyingType(memberType) is { } value ? value.Name + "?" : memberType.Name)})");
            }
        }
        Assert.True(padded.Count == 0, "Members written with their padding bytes (give each a formatter: [property: PlainNullable<T>] for a nullable number): " + string.Join(", ", padded));
        Assert.True(formatted >= 10, $"only {formatted} padded members carry a formatter: the search for members missed some");
    }
}
