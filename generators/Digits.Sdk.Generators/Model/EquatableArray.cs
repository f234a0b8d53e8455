using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Digits.Sdk.Generators.Model;

/// <summary>
/// An immutable array compared by its elements, so that pipeline values holding lists stay equal from one
/// run to the next and the incremental generator can reuse its cached output.
/// </summary>
/// <typeparam name="T">The element type, itself compared by value.</typeparam>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? items;

    public EquatableArray(IEnumerable<T> items) => this.items = items.ToArray();

    public static EquatableArray<T> Empty => default;

    public int Count => items?.Length ?? 0;

    public T this[int index] => Items[index];

    private T[] Items => items ?? Array.Empty<T>();

    public bool Equals(EquatableArray<T> other)
    {
        var left = Items;
        var right = other.Items;
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in Items)
        {
            hash = unchecked((hash * 31) + (item is null ? 0 : item.GetHashCode()));
        }

        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

/// <summary>Creates <see cref="EquatableArray{T}"/> values.</summary>
internal static class EquatableArray
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(items);

    public static EquatableArray<T> Create<T>(params T[] items)
        where T : IEquatable<T> => new(items);
}
