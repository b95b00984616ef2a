/** The fields of the new-volume form, in the order Tab visits them. */
export const CREATE_FIELDS: ReadonlyArray<{
  readonly key: 'name' | 'driver' | 'labels' | 'options';
  readonly label: string;
  readonly placeholder: string;
}> = [
  {key: 'name', label: 'Name', placeholder: 'letters, digits, _ . - (empty: not allowed here)'},
  {key: 'driver', label: 'Driver', placeholder: 'local'},
  {key: 'labels', label: 'Labels', placeholder: 'key=value, key=value'},
  {key: 'options', label: 'Driver options', placeholder: 'key=value (e.g. type=tmpfs,device=tmpfs)'},
];
