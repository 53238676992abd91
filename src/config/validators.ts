import { applyDecorators } from '@nestjs/common';
import { IsBoolean, IsIn, IsInt, IsNumber, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';

// Every message starts with "expected" so the loader can print `NAME=value: expected ...`.

export const IntIn = (min: number, max: number): PropertyDecorator => {
  const message = `expected an integer from ${min} to ${max}`;
  return applyDecorators(IsInt({ message }), Min(min, { message }), Max(max, { message }));
};

export const NumberIn = (min: number, max: number): PropertyDecorator => {
  const message = `expected a number from ${min} to ${max}`;
  return applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    Min(min, { message }),
    Max(max, { message }),
  );
};

export const Bool = (): PropertyDecorator => IsBoolean({ message: 'expected a boolean (true or false)' });

export const OneOf = (values: readonly string[]): PropertyDecorator =>
  IsIn(values as string[], { message: `expected one of ${values.join(', ')}` });

export const Text = (): PropertyDecorator => IsString({ message: 'expected a string' });

// RFC 1123 label, as Kubernetes requires for namespace names.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const NamespaceName = (): PropertyDecorator =>
  Matches(DNS_LABEL, {
    message: 'expected a namespace name (lowercase RFC 1123 label, at most 63 characters)',
  });

export const NamespaceList = (): PropertyDecorator =>
  ValidateBy({
    name: 'namespaceList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((v) => typeof v === 'string' && DNS_LABEL.test(v)),
      defaultMessage: () => 'expected a comma-separated list of namespace names',
    },
  });

export const HostName = (): PropertyDecorator =>
  Matches(/^[A-Za-z0-9.:[\]-]+$/, { message: 'expected a host name or IP address' });
