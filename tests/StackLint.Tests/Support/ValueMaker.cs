using System.Collections;
using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;

namespace StackLint.Tests.Support;

/// <summary>
/// Values of a type made from its declaration, for tests generated over every member of a record (round trips, cache
/// keys): <c>Make(type, 1)</c> and <c>Make(type, 2)</c> differ from each other, and the first differs from the
/// type's default. A type it cannot make throws, naming the type, so a new member of a new kind fails the test
/// that met it instead of being skipped.
/// </summary>
public static class ValueMaker
{
    public static object? DefaultOf(Type type) => type.IsValueType ? Activator.CreateInstance(type) : null;

    /// <summary>The record's positional constructor: the widest one that is not the copy constructor.</summary>
    public static ConstructorInfo PrimaryConstructor(Type record) => record.GetConstructors()
        .Where(c => c.GetParameters() is not [var only] || only.ParameterType != record)
        .OrderByDescending(c => c.GetParameters().Length)
        .First();

    public static object Make(Type type, int seed)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Make(underlying, seed);
        if (type == typeof(string)) return "v" + seed;
        if (type == typeof(int)) return seed + 1;
        if (type == typeof(long)) return (long)seed + 1;
        if (type == typeof(bool)) return seed % 2 == 1;
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2000 + seed, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (type.IsEnum)
        {
            var values = Enum.GetValuesAsUnderlyingType(type);
            return Enum.ToObject(type, values.GetValue(seed % values.Length)!);
        }
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            var invoke = type.GetMethod("Invoke")!;
            var parameters = invoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType)).ToArray();
            return Expression.Lambda(type, Expression.Default(invoke.ReturnType), parameters).Compile();
        }
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (definition == typeof(ImmutableArray<>))
                return typeof(ImmutableArray).GetMethods()
                    .Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                    .MakeGenericMethod(arguments[0]).Invoke(null, [ArrayOf(arguments[0], seed)])!;
            if (definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
                return ArrayOf(arguments[0], seed);
            if (definition == typeof(IReadOnlyDictionary<,>))
            {
                var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(arguments))!;
                dictionary.Add(Make(arguments[0], seed), Make(arguments[1], seed));
                return dictionary;
            }
        }
        if (type.IsClass && type.GetMethod("<Clone>$") is not null)
        {
            var constructor = PrimaryConstructor(type);
            return constructor.Invoke([.. constructor.GetParameters().Select(p => Make(p.ParameterType, seed))]);
        }
        throw new NotSupportedException($"ValueMaker cannot make a {type}: add a case for it.");
    }

    private static Array ArrayOf(Type element, int seed)
    {
        var array = Array.CreateInstance(element, 1);
        array.SetValue(Make(element, seed), 0);
        return array;
    }
}
