// Types for the vitest frontend project: jest-dom matchers on vitest's expect.
/// <reference types="@testing-library/jest-dom/vitest" />
