// Jest can require() ESM from CJS packages only if the ESM graph is loaded first; without this,
// @willsoto/nestjs-prometheus fails with "Cannot require() ES Module ... in a cycle".
import 'reflect-metadata';
import '@nestjs/common';
import '@nestjs/core';
